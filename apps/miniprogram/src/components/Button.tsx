import type { ComponentProps, KeyboardEvent } from 'react';
import { Button as TaroButton, Text } from '@tarojs/components';

type Props = ComponentProps<typeof TaroButton>;

const IS_H5 = process.env.TARO_ENV === 'h5';

/**
 * Taro's <Button> as the pages need it on h5 too:
 * - `disabled`/`loading` only when true: h5 writes false as the attribute disabled="false", which
 *   Taro's own `taro-button-core[disabled]` style then greys out (pale or blank labels).
 * - the label inside a <Text>: React replaces a lone text child by setting textContent, which
 *   also removes the slot marker Taro's h5 button keeps among its children, and the next loading
 *   spinner fails with an insertBefore error.
 * - a button for screen readers and keyboards: h5 renders a custom element, not a <button>, so it
 *   gets the role, its state, a place in the tab order, and Enter/Space as a tap.
 */
export default function Button({ disabled, loading, children, ...rest }: Props) {
  // Taro types none of these on Button; h5 passes them to the element.
  const a11y: Record<string, unknown> = { role: 'button', 'aria-disabled': disabled ? true : undefined };
  if (IS_H5) {
    a11y.tabIndex = 0;
    a11y.onKeyDown = (e: KeyboardEvent) => {
      if (disabled || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      (e.currentTarget as unknown as { click(): void }).click();
    };
  }
  return (
    <TaroButton {...rest} {...a11y} disabled={disabled || undefined} loading={loading || undefined}>
      <Text>{children}</Text>
    </TaroButton>
  );
}
