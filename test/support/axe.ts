import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The phone pages' accessibility bar: axe-core's WCAG 2.2 A/AA rules and best practices. */
const PHONE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * What axe-core finds wrong with the page on screen, one line per rule with where and why.
 * Elderly mode is held to AAA contrast (7:1) too; AAA's other rules are not our promise.
 */
export async function axeViolations(page: Page, { elder = false } = {}): Promise<string[]> {
  const axe = new AxeBuilder({ page }).withTags([...PHONE_TAGS, ...(elder ? ['wcag2aaa'] : [])]);
  if (elder) axe.disableRules(['identical-links-same-purpose']);
  const result = await axe.analyze();
  return result.violations
    .filter((v) => !elder || !v.tags.includes('wcag2aaa') || v.id === 'color-contrast-enhanced')
    .map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n')}`);
}

/**
 * The level-one headings a screen reader finds on the page on screen (pages under it in Taro's stack are
 * hidden). axe-core's own rule passes any page that something full-screen and positioned covers, its
 * guess at an open dialog, and every Taro h5 page is such a thing most of the time: a page without its
 * title passed it now and then. This asks the question itself.
 */
export function levelOneHeadings(page: Page): Promise<string[]> {
  return page.locator('[role="heading"][aria-level="1"], h1').filter({ visible: true }).allInnerTexts();
}
