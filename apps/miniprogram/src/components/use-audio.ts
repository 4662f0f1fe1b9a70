import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';

/**
 * One audio player for a page: plays a local file under a key, one at a time, and says which key
 * is playing (null when stopped or finished). The player is made on first use and destroyed with the page.
 */
export function useAudio(): { playing: string | null; play: (key: string, src: string) => void; stop: () => void } {
  const [playing, setPlaying] = useState<string | null>(null);
  const player = useRef<Taro.InnerAudioContext | null>(null);

  useEffect(() => () => player.current?.destroy(), []);

  function stop() {
    player.current?.stop();
    setPlaying(null);
  }

  function play(key: string, src: string) {
    if (!player.current) {
      player.current = Taro.createInnerAudioContext();
      player.current.onEnded(() => setPlaying(null));
    }
    player.current.stop();
    player.current.src = src;
    player.current.play();
    setPlaying(key);
  }

  return { playing, play, stop };
}
