package input

import (
	"bytes"
	"os"
	"sourcebook/book/diag"
	"unicode/utf8"
)

// NormalizeText makes input from word processors and archives uniform:
// it checks UTF-8, drops a byte-order mark and turns CRLF and CR into LF.
func NormalizeText(file string, data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		return nil, &diag.Error{File: file, Line: line, Msg: "the file is not valid UTF-8 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line := 1 + bytes.Count(data[:i], []byte("\n"))
		return nil, &diag.Error{File: file, Line: line, Msg: "the file contains a NUL byte; it is probably not a text file"}
	}
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	return data, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// UnwrapPathError drops the path an *os.PathError repeats, since a
// message names the file already.
func UnwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
