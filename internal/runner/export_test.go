package runner

// BuildBeside exports buildBeside to the tests of package runner_test.
var BuildBeside = buildBeside
