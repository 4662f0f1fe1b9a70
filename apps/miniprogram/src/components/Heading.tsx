import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';

/**
 * A page's title (level 1, one per page) or a section's (level 2), as screen readers announce it.
 * Taro draws no <h1> on h5, so the heading is said with ARIA; the look stays with the class.
 */
export default function Heading({ level = 1, className, children }: { level?: 1 | 2; className: string; children: ReactNode }) {
  return (
    <View role='heading' aria-level={level}>
      <Text className={className}>{children}</Text>
    </View>
  );
}
