// Package diag turns problems in a teacher's input into messages a teacher
// can act on: each an Error naming file, line, column and field and saying
// how to fix it, collected into Errors so that one run reports them all.
//
// It also decodes YAML strictly (DecodeStrict): an unknown key gets a
// "did you mean" (Suggest), a syntax error is explained in words
// (AddSyntaxError), and binary values, duplicate keys and alias bombs are
// refused. Both book/manifest (reader.yaml) and book (sources' front
// matter) decode through it.
//
//	var errs diag.Errors
//	diag.DecodeStrict("reader.yaml", node, &m, &errs)
//	return errs.Err() // reader.yaml:1:1: titel: unknown key "titel"; did you mean "title"?
package diag
