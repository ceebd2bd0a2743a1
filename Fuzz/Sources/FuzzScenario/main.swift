import FuzzDriver

runLibFuzzer { data, size in fuzzScenario(data, size) }
