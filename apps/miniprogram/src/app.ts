import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { queue } from './services/offline-taro';

import './app.scss';

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Demands saved while offline go out now, and again whenever the network returns.
    queue.onOutcome((out) => {
      if (out.status === 'sent') void Taro.showToast({ title: `已发送 ${out.case.number}`, icon: 'none', duration: 3000 });
    });
    queue.start();
    // Coming back to the app is a good moment to try again.
    Taro.onAppShow(() => void queue.flush());
  });
  // children is the page being shown
  return children;
}

export default App;
