import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { queue } from './services/offline-taro';
import { formatChinaDateTime } from './utils/format';

import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Demands saved while offline go out now, and again whenever the network returns.
    queue.onOutcome((out) => {
      // A dialog, not a toast: a toast is too narrow for the number and gone before it is read.
      if (out.status !== 'sent' || queue.isSubmitting(out.clientKey)) return; // the filing page shows its own
      const closeBy = formatChinaDateTime(out.case.closeBy);
      void Taro.showModal({
        title: '您的诉求已发出',
        content: `受理编号 ${out.case.number}${closeBy ? `\n最晚 ${closeBy} 前办好` : ''}`,
        showCancel: false,
        confirmText: '知道了',
      });
    });
    queue.start();
    // Coming back to the app is a good moment to try again.
    Taro.onAppShow(() => void queue.flush());
  });
  // children is the page being shown
  return children;
}

export default App;
