/**
 * axe-core, Deque's accessibility engine, run on the page as it is on
 * screen, with the WCAG 2.0 and 2.1 level A and AA rules:
 *
 *   const found = await axeViolations(page, 'agenda, day');   // [] when axe finds nothing
 *
 * axe is put in the page with page.evaluate, not a <script> tag: the front
 * desk's content security policy (script-src 'self', adapters/web) refuses
 * inline scripts, and evaluate runs outside it.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * One rule not applied to the elements `selector` matches, for the reason
 * given in `why`: for a false positive only, the rest of the rule still
 * runs on the rest of the page.
 */
export interface Exemption {
  rule: string;
  selector: string;
  why: string;
}

/**
 * What axe finds on the page now, one line per rule: the screen's name,
 * the rule, its impact, how many elements break it and the first of them,
 * and what it asks for.
 */
export async function axeViolations(page: Page, screen: string, exemptions: Exemption[] = []): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
  const violations: { id: string; impact: string; help: string; targets: string[] }[] = await page.evaluate(
    async ({ tags, exempt }) => {
      const g = globalThis as any;
      const result = await g.axe.run(g.document, { runOnly: tags, resultTypes: ['violations'], elementRef: true });
      return result.violations
        .map((v: any) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes
            .filter((n: any) => !exempt.some((e) => e.rule === v.id && n.element?.matches(e.selector)))
            .map((n: any) => n.target.join(' ')),
        }))
        .filter((v: any) => v.targets.length > 0);
    },
    { tags: WCAG_21_AA, exempt: exemptions.map(({ rule, selector }) => ({ rule, selector })) },
  );
  return violations.map((v) => `${screen}: ${v.id} (${v.impact}, ${v.targets.length}×, e.g. ${v.targets[0]}): ${v.help}`);
}
