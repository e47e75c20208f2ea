// A plain-words hint for the YAML errors people meet most, next to the parser's own words
// (issue 12: "Sequence item without - indicator" tells what the parser saw, not what to do).
// Matched on the parser's message, whose wording is more precise than its code.

/** @type {[RegExp, string][]} */
const HINTS = [
  [/^Sequence item without - indicator/,
    'A list item must start with "- ". Either this line lacks its dash, or it is indented like the items of the list above it.'],
  [/^All sequence items must start at the same column/,
    'The "- " of every item of one list must be at the same column: line this dash up with the others.'],
  [/^All mapping items must start at the same column/,
    'The keys of one mapping must line up: this line has more or fewer spaces in front than the keys around it.'],
  [/^Implicit keys need to be on a single line/,
    'A "key: value" line probably lacks its colon (e.g. "kind Pod" instead of "kind: Pod"), or a line above is indented wrongly.'],
  [/^Implicit map keys need to be followed by map values/,
    'This line has no "key: value" colon where the parser expected one: add the ": ", or "- " if it is a list item. A "#" comment needs a space before it.'],
  [/^Nested mappings are not allowed in compact mappings/,
    'A value holding ": " must be quoted (image: "a: b"), or a line is indented too far and reads as a value of the key above.'],
  [/^A block sequence may not be used as an implicit map key/,
    'A list cannot start on the same line as its key: put "- " on the next line, indented under the key.'],
  [/^Map keys must be unique/,
    'This key appears twice in the same mapping: remove one, or indent it under the right parent.'],
  [/^Tabs are not allowed as indentation/,
    'YAML indents with spaces only: replace the tab at the start of this line with spaces.'],
  [/^Missing closing ["']quote/,
    'A quoted string is not closed: add the matching quote at the end of the value.'],
  [/^Flow (?:sequence|map) in block collection must be sufficiently indented and end with a/,
    'A [ or { is not closed: add the closing bracket, or quote the value if the bracket is part of the text.'],
  [/^Missing , (?:or : )?between/,
    'Items inside [ ] or { } are separated by commas.'],
  [/^Plain value cannot start with/,
    'Values starting with @ or ` must be quoted.'],
  [/^Unresolved alias/,
    'A value starting with * refers to an anchor (&name): quote it if it is meant as text.'],
  [/^Comments must be separated from other tokens by white space/,
    'Put a space before "#" to start a comment, or quote the value if "#" is part of it.'],
  [/^Unexpected (?:scalar|map-value-ind|block-seq-ind)/,
    'The indentation or the "- " and ":" marks of this line do not fit the lines above it.'],
];

/**
 * The hint for a YAML problem's message, or null when there is none.
 * @param {string} message
 * @returns {string | null}
 */
export function yamlHint(message) {
  for (const [pattern, hint] of HINTS) if (pattern.test(message)) return hint;
  return null;
}
