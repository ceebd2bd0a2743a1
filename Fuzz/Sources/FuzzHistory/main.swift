import FuzzDriver

runLibFuzzer { data, size in fuzzHistory(data, size) }
