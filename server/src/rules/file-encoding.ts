import type { Rule } from './rule';

export const fileEncoding: Rule = {
  id: 'file-encoding',
  severity: 'warning',
  description: 'The file is not valid UTF-8, or is not text at all.',
  rationale:
    'Jekyll reads notes as UTF-8. A note with other bytes is checked as decoded (each bad byte read as U+FFFD), and `--fix` never writes it, so that nothing is lost.',
  fixable: false,
  scope: 'note',
  example: { bad: 'caf\\xe9 (a Latin-1 byte)', good: 'café' },
  check(note, _context, report) {
    if (note.binary) {
      report({ range: { start: 0, end: 0 }, message: 'Unexpected binary content (a NUL byte), expected a UTF-8 Markdown note: the file is not checked' });
    } else if (note.invalidUtf8) {
      const { byte, byteOffset, textOffset } = note.invalidUtf8;
      const hex = byte.toString(16).toUpperCase().padStart(2, '0');
      report({
        range: { start: textOffset, end: textOffset + 1 },
        message: `Unexpected byte 0x${hex} at byte ${byteOffset}, expected UTF-8: the note is checked as decoded and never written by --fix`,
      });
    }
  },
};
