// Reads the expected findings written inside a fixture note:
//
//   <!-- expect
//   5:1 date-invalid Unexpected `【2024-20-26】`: there is no month 20, expected 1 to 12
//   -->
//
// One line per finding: line:column (1-based), the rule id, and the exact message. A note without an
// `expect` block expects no finding.
export interface Expected {
  line: number;
  column: number;
  rule: string;
  message: string;
}

const BLOCK = /<!-- expect\r?\n([\s\S]*?)-->/;

export function expectedFindings(text: string): Expected[] {
  const block = BLOCK.exec(text);
  if (!block) return [];
  return block[1]!
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^(\d+):(\d+) (\S+) (.*)$/.exec(line.trim());
      if (!match) throw new Error(`Malformed expectation line: ${line}`);
      return { line: Number(match[1]), column: Number(match[2]), rule: match[3]!, message: match[4]! };
    });
}
