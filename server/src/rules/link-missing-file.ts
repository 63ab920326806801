import { brokenLinks } from './links';
import type { Rule } from './rule';

export const linkMissingFile: Rule = {
  id: 'link-missing-file',
  severity: 'warning',
  description: 'A link or image to a static file (an image, a PDF) that is not in the workspace.',
  rationale: 'Images and attachments are served from the site\'s folder as they are; one that is missing shows as a broken image. Nothing outside the workspace is ever looked at.',
  fixable: false,
  scope: 'workspace',
  example: { bad: '![Architecture](/images/missing.png)', good: '![Architecture](/images/architecture.png)' },
  check(note, { workspace }, report) {
    for (const { link, resolution } of brokenLinks(note, workspace)) {
      if (resolution.problem !== 'file') continue;
      report({ range: link.destinationRange, target: link.destination, message: `Unexpected link to \`${resolution.path}\`: no such file in the workspace` });
    }
  },
};
