// What the link rules share: which links carry a destination of their own, and how to show it.
import type { Link } from '../model/note';

/**
 * Links whose destination is written where they are. A reference's destination is written on its
 * definition, which is checked instead, so that one mistake is reported once.
 */
export function ownDestinations(links: readonly Link[]): (Link & { destinationRange: NonNullable<Link['destinationRange']> })[] {
  return links.filter((link): link is Link & { destinationRange: NonNullable<Link['destinationRange']> } => link.destinationRange !== undefined);
}

/** A bare domain, which a browser reads as a path relative to the page: `github.com/x`, `www.x.com`. */
export const BARE_DOMAIN =
  /^(?:www\.[^\s/]+|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|io|ai|cn|dev|edu|gov|co|me|info|app|xyz|tech|top|cc|tv|us|uk|de|jp|fr|ru|in|so|sh|ly|gl|gg|to|site|blog|news|wiki|cloud|online|hk|tw|sg|kr|eu))(?::\d+)?(?:[/?#]|$)/i;
