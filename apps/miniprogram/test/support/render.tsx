/**
 * Rendering a page as the mini-program would show it, and the platform events a test can cause:
 * the page shown again, pull-down refresh, the app coming back to the foreground.
 */
import type { ReactElement } from 'react';
import { act, render, screen, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { platform } from './platform';

export interface PageOptions {
  /** The page's route, e.g. /pages/case/detail. */
  path?: string;
  /** The query the page was opened with (useRouter().params). */
  params?: Record<string, string>;
}

/** Renders a page (its first show runs its useDidShow) and returns a user to drive it. */
export function renderPage(ui: ReactElement, options: PageOptions = {}): RenderResult & { user: UserEvent } {
  platform.router = { path: options.path ?? platform.router.path, params: { ...(options.params ?? {}) } };
  const user = userEvent.setup();
  return { user, ...render(ui) };
}

async function fire(callbacks: Iterable<() => void>) {
  await act(async () => {
    for (const cb of [...callbacks]) cb();
  });
}

/** The page is shown again (coming back from another page): its useDidShow runs. */
export const showPage = () => fire(platform.lifecycle.show);

/** The user scrolls to the bottom of the page: its useReachBottom runs. */
export const reachBottom = () => fire(platform.lifecycle.reachBottom);

/** The user pulls the page down to refresh. */
export const pullDownRefresh = () => fire(platform.lifecycle.pullDown);

/** The app comes back to the foreground (Taro.onAppShow listeners). */
export const appShow = () => fire(Array.from(platform.lifecycle.appShow, (cb) => () => cb({})));

/** Goes on or offline inside act, so what the page does in answer is rendered. */
export async function setOnline(online: boolean) {
  await act(async () => {
    platform.setOnline(online);
  });
}

/** Taps a Picker by the text it shows, then the choice with this label. */
export async function pick(user: UserEvent, shown: string | RegExp | HTMLElement, choice: string | RegExp) {
  const trigger = typeof shown === 'object' && !(shown instanceof RegExp) ? shown : screen.getByText(shown);
  const button = trigger.closest('[aria-haspopup="listbox"]');
  if (!button) throw new Error('pick(): that text is not inside a Picker');
  await user.click(button);
  await user.click(await screen.findByRole('option', { name: choice }));
}

/**
 * A text matcher for a line whose parts are in nested elements (a number kept on one line,
 * `<Text>已收到！受理编号 <Text>MS…</Text>。</Text>`): the innermost element reading exactly `text`.
 */
export function wholeText(text: string) {
  return (_: string, el: Element | null) => el?.textContent === text && Array.from(el.children).every((c) => c.textContent !== text);
}
