// Every real note of ../shared/corpus (when present): modelled and linted without a throw, with the
// findings per rule printed, and real mistakes found by reading that output asserted by file and line.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadWorkspace, type LoadedWorkspace } from '../server/src/files';
import { lintNote } from '../server/src/lint';
import type { Finding } from '../server/src/rules/rule';

const CORPUS = join(__dirname, '..', '..', 'shared', 'corpus');
const present = existsSync(join(CORPUS, '_posts'));
const skip = present ? false : `../shared/corpus is absent (looked in ${CORPUS}): the corpus tests need the 310 real notes`;

describe('the real corpus', { skip }, () => {
  let loaded: LoadedWorkspace;
  const findings = new Map<string, Finding[]>();
  /** A fixed day: `date-future` findings in the corpus are typed years, far from any real today. */
  const today = { year: 2026, month: 11, day: 29 };

  before(() => {
    loaded = loadWorkspace(CORPUS);
    const context = { workspace: loaded.workspace, config: loaded.config, today };
    for (const note of loaded.workspace.notes) findings.set(note.path, lintNote(note, context));
  });

  test('every note is modelled and linted without an internal error', () => {
    assert.ok(loaded.workspace.notes.length >= 310, `expected at least 310 notes, found ${loaded.workspace.notes.length}`);
    const internal = [...findings.values()].flat().filter((finding) => finding.message.startsWith('Internal error'));
    assert.deepEqual(internal, []);
    const entries = loaded.workspace.notes.reduce((sum, note) => sum + note.entries.length, 0);
    assert.ok(entries > 5000, `expected thousands of dated entries, found ${entries}`);
  });

  test('findings per rule (printed)', () => {
    const counts: Record<string, number> = {};
    for (const finding of [...findings.values()].flat()) counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
    console.log(`findings per rule over ${loaded.workspace.notes.length} notes:`);
    for (const [rule, count] of Object.entries(counts).sort()) console.log(`  ${rule.padEnd(28)} ${count}`);
    assert.ok(Object.keys(counts).length > 0);
  });

  const at = (path: string, rule: string, line: number, raw?: string) => {
    const note = loaded.workspace.notesByPath.get(path);
    assert.ok(note, `${path} is in the corpus`);
    const found = findings.get(path)!.filter((finding) => finding.rule === rule && note.lines.position(finding.range.start).line + 1 === line);
    assert.equal(found.length, 1, `${rule} at ${path}:${line}; found ${JSON.stringify(findings.get(path)!.filter((f) => f.rule === rule).map((f) => [note.lines.position(f.range.start).line + 1, f.message]))}`);
    if (raw) assert.equal(note.text.slice(found[0]!.range.start, found[0]!.range.end), raw);
    return found[0]!;
  };

  test('real mistakes are found where they are', () => {
    at('_posts/2023-04-04-Image-Generation.md', 'date-invalid', 439, '【2024-20-26】');
    at('_posts/2024-09-20-llm-rag.md', 'date-future', 2377, '【2206-1-13】');
    at('_posts/2024-10-06-llm-rp.md', 'date-future', 508, '【2205-3-31】');
    at('_posts/2010-08-01-computer-network.md', 'date-format', 18, '[2017-9-19]');
    at('_posts/2010-08-01-computer-network.md', 'date-format', 1361, '【2019-05-27】');
    at('_posts/2019-12-21-makefile.md', 'frontmatter-date-mismatch', 5);
    assert.match(at('_posts/2019-06-26-soft-skill.md', 'permalink-duplicate', 10, '/skill').message, /_posts\/2025-12-30-llm-skill\.md/);
    assert.match(at('_posts/2025-12-30-llm-skill.md', 'permalink-duplicate', 9, '/skill').message, /_posts\/2019-06-26-soft-skill\.md/);
    assert.match(at('_posts/2020-05-01-nlp-tool.md', 'file-encoding', 3).message, /^Unexpected byte 0xB9 at byte 29/);
    assert.match(at('_posts/2017-05-04-go.md', 'tag-variant', 8, 'Go').message, /expected `go`/);
  });

  test('real link mistakes are found where they are', () => {
    assert.match(at('_posts/2017-05-04-go.md', 'link-broken-anchor', 4698, '#main函数').message, /nearest: `#main-函数`/);
    assert.match(at('_posts/2016-06-25-Linux-skill.md', 'link-broken-internal', 51, 'shell').message, /^Unexpected link to `\/shell`: no note or file has that URL/);
    assert.equal(at('_posts/2008-08-01-literature.md', 'link-no-scheme', 24, 'www.shidianguji.com').fix?.edits[0]?.text, 'https://');
    assert.equal(at('_posts/2023-03-30-chatgpt-application.md', 'link-invisible-char', 591).target, '\u200bhttps://nlui.lxfater.com/');
    assert.match(at('_posts/2008-06-29-art.md', 'link-missing-file', 65).message, /`\/wqw\/fig\/painting\.jpg`/);
  });

  test('real misspelled names are found where they are', () => {
    assert.equal(at('_posts/2023-02-14-aigc.md', 'entity-spelling', 692, 'Galatica').fix?.edits[0]?.text, 'Galactica');
    assert.equal(at('_posts/2023-02-14-aigc.md', 'entity-spelling', 755, 'Synthethia').fix?.edits[0]?.text, 'Synthesia');
    assert.equal(at('_posts/2023-02-14-aigc.md', 'entity-spelling', 1036, 'Weight&Biaes').fix?.edits[0]?.text, 'Weights & Biases');
    assert.equal(at('_posts/2019-05-11-train_vis.md', 'entity-spelling', 141, 'TenorFlow').fix?.edits[0]?.text, 'TensorFlow');
  });
});
