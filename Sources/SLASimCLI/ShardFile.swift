import ArgumentParser
import Foundation
import SLASim

/// `--shard i/n`: the `i`-th (from 0) of `n` disjoint sets of a run's blocks, so that a Slurm
/// array task passes `$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT` and a Kubernetes Indexed
/// Job `$JOB_COMPLETION_INDEX/$N` unchanged.
struct ShardSpec: Equatable {
  var index: Int
  var count: Int

  /// `i/n` written with digits, `0 ≤ i < n ≤` ``RunShard/maximumCount``; else `nil`.
  init?(argument: String) {
    let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
    func whole(_ s: Substring) -> Int? { s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) && !s.isEmpty ? Int(s) : nil }
    guard parts.count == 2, let index = whole(parts[0]), let count = whole(parts[1]),
      count >= 1, count <= RunShard.maximumCount, index < count
    else { return nil }
    self.index = index
    self.count = count
  }
}

/// A shard file: the shard's numbers (``RunShard``) and what the merge needs to trust and
/// render them without the original files: the format, slasim's version and random-stream
/// version, and the scenario's bytes with those of every history it fits, under one content hash.
struct ShardFile: Codable {
  /// The format of this file; bumped when its fields change.
  static let currentFormat = 1

  struct Embedded: Codable {
    /// The file's name as the run was given it (it starts the merge's messages).
    var path: String
    var bytes: Data
  }

  var slasimShard: Int
  var version: String
  var randomStream: Int
  /// The scenario as run: its name in messages, the folder its histories were read from
  /// (`nil`: its own), its bytes, and each history's resolved path and bytes.
  var scenario: Embedded
  var historiesRelativeTo: String?
  var histories: [Embedded]
  /// ``ContentHash`` of the scenario's and histories' bytes.
  var contentHash: String
  var shard: RunShard

  /// The hash of the scenario and its histories, in that order.
  static func contentHash(scenario: [UInt8], histories: [[UInt8]]) -> String {
    var hash = ContentHash()
    hash.add(scenario)
    for history in histories { hash.add(history) }
    return hash.hex
  }

  /// The file's JSON: keys sorted, so that the same shard always gives the same bytes.
  func encoded() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    } catch {
      throw CommandFailure.internalError("slasim: the shard could not be encoded: \(error)")
    }
  }

  /// Reads and decodes the shard file at `path`.
  ///
  /// - Throws: 66 for a missing file; 65 for a file that is not a shard file, one of another
  ///   format or slasim version, or one whose scenario does not match its content hash.
  static func read(_ path: String) throws -> ShardFile {
    let bytes = try FileIO.read(path)
    let file: ShardFile
    do {
      file = try JSONDecoder().decode(ShardFile.self, from: Data(bytes))
    } catch let error as DecodingError {
      throw CommandFailure.dataError("\(path): not a slasim shard file (written by 'slasim run --shard i/n'): \(Self.describe(error))")
    } catch {
      throw CommandFailure.dataError("\(path): not a slasim shard file: \(error)")
    }
    guard file.slasimShard == currentFormat else {
      throw CommandFailure.dataError("\(path): shard format \(file.slasimShard); this slasim reads format \(currentFormat). Rerun the shard with this slasim.")
    }
    guard file.version == SLASimVersion.current, file.randomStream == SLASimVersion.randomStream else {
      throw CommandFailure.dataError(
        "\(path): written by slasim \(file.version) (random streams \(file.randomStream)); this is slasim "
          + "\(SLASimVersion.current) (random streams \(SLASimVersion.randomStream)). Merge with the slasim that ran the shards.")
    }
    let hash = contentHash(scenario: Array(file.scenario.bytes), histories: file.histories.map { Array($0.bytes) })
    guard hash == file.contentHash else {
      throw CommandFailure.dataError("\(path): the scenario it carries does not match its content hash \(file.contentHash) (the file was changed).")
    }
    return file
  }

  /// A decoding error as a JSON path and what is wrong: `shard.counts.goalMet: expected an array`.
  static func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String {
      keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }
    switch error {
    case .keyNotFound(let key, let context):
      let at = path(context.codingPath)
      return "\(at.isEmpty ? "" : at + ": ")missing field '\(key.stringValue)'"
    case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
      return "\(path(context.codingPath)): expected \(type)"
    case .dataCorrupted(let context):
      let at = path(context.codingPath)
      return "\(at.isEmpty ? "" : at + ": ")\(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }
}

/// FNV-1a, 64 bits (Fowler, Noll & Vo; http://www.isthe.com/chongo/tech/comp/fnv/), over each
/// part's length and bytes, written `fnv1a64:` and 16 hex digits.
///
/// It tells shards of different scenarios apart: it guards against mixing files by accident,
/// not against tampering, which is why a cryptographic hash (swift-crypto, which would add
/// BoringSSL to every build, sanitizer and fuzzing build of CI included) is not needed.
struct ContentHash {
  private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func add(_ bytes: [UInt8]) {
    var length = UInt64(bytes.count)
    for _ in 0..<8 {
      mix(UInt8(truncatingIfNeeded: length))
      length >>= 8
    }
    for byte in bytes { mix(byte) }
  }

  private mutating func mix(_ byte: UInt8) {
    state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
  }

  var hex: String {
    let digits = String(state, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - digits.count) + digits
  }
}
