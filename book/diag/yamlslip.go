package diag

import (
	"fmt"
	"strings"
)

// explainSlip turns the YAML parser's message for the slips teachers
// make most into plain words with the fix, and the column of the
// character at fault: a value starting with *, & or a quotation mark
// that does not end the value, and ": " inside an unquoted value. It
// returns "" for anything else.
func explainSlip(line, parserMsg string) (string, int) {
	key, val, col := splitKeyValue(line)
	if val == "" {
		return "", 0
	}
	quoted := "'" + strings.ReplaceAll(val, "'", "''") + "'"
	fix := fmt.Sprintf("put the whole value in quotation marks: %s %s", key+":", quoted)
	if strings.HasPrefix(val, `"`) && strings.Contains(val, `"`) && !strings.HasPrefix(val, `""`) {
		if end := strings.Index(val[1:], `"`); end >= 0 && strings.TrimSpace(val[end+2:]) != "" {
			return fmt.Sprintf("the value of %s starts with a quotation mark, so YAML reads %s as the whole value and does not know what to do with the rest; %s (single quotes around it keep the double ones)", key, val[:end+2], fix), col
		}
	}
	switch val[0] {
	case '*':
		return fmt.Sprintf("the value of %s starts with \"*\", which YAML reads as a reference to something named elsewhere (Markdown bold or a list marker is not understood there); %s", key, fix), col
	case '&':
		return fmt.Sprintf("the value of %s starts with \"&\", which YAML reads as naming the value for later reference; %s", key, fix), col
	case '!', '%', '@', '`', '|', '>':
		if val[0] != '|' && val[0] != '>' {
			return fmt.Sprintf("the value of %s starts with %q, which YAML reserves; %s", key, val[:1], fix), col
		}
	}
	if i := strings.Index(val, ": "); i >= 0 && strings.Contains(parserMsg, "mapping values") {
		return fmt.Sprintf("the value of %s has a colon followed by a space (%q), which YAML reads as the start of another key; %s", key, val[max(0, i-10):min(len(val), i+2)], fix), col + i
	}
	return "", 0
}

// splitKeyValue splits "    anchor: value" (or "- key: value") into the
// key, the value and the 1-based column of the value.
func splitKeyValue(line string) (key, val string, col int) {
	trimmed := strings.TrimLeft(line, " ")
	indent := len(line) - len(trimmed)
	if strings.HasPrefix(trimmed, "- ") {
		trimmed = trimmed[2:]
		indent += 2
	}
	i := strings.Index(trimmed, ": ")
	if i <= 0 {
		return "", "", 0
	}
	key = trimmed[:i]
	if strings.ContainsAny(key, `"'{[`) {
		return "", "", 0
	}
	rest := trimmed[i+2:]
	lead := len(rest) - len(strings.TrimLeft(rest, " "))
	val = strings.TrimRight(strings.TrimLeft(rest, " "), " \r")
	return key, val, indent + i + 2 + lead + 1
}

// unknownAlias finds the line of "*name" for yaml.v3's "unknown anchor
// 'name' referenced", which carries no line.
func unknownAlias(data []byte, msg string) (int, string) {
	const pre = "unknown anchor '"
	i := strings.Index(msg, pre)
	if i < 0 {
		return 0, ""
	}
	name, _, ok := strings.Cut(msg[i+len(pre):], "'")
	if !ok {
		return 0, ""
	}
	for n, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "*"+name) {
			return n + 1, l
		}
	}
	return 0, ""
}

// listHint says how to write a list where a mapping or single value was
// written, and the other way round.
func listHint(want, found string) string {
	switch {
	case strings.HasPrefix(want, "a list") && strings.HasPrefix(found, "a mapping"):
		return "; write each entry on its own line starting with a dash and a space (\"- id: …\"), one more level in than the key"
	case strings.HasPrefix(want, "a single value") && found == "a list":
		return "; this key takes one value: remove the brackets or the dashes"
	case strings.HasPrefix(want, "a mapping") && found == "a list":
		return "; this key takes key: value lines, not a list: remove the dash in front of them"
	}
	return ""
}
