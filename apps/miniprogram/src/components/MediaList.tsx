import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Video, View } from '@tarojs/components';

export interface MediaItem {
  id: string;
  kind: 'image' | 'voice' | 'video';
  /** What the button says, e.g. 「群众照片」. */
  label: string;
  /** False while the server is still fetching it from WeChat, or when that failed. */
  ready: boolean;
}

/** The URL and header to download one item (downloads need the token, so no plain src URLs). */
export type MediaRequest = (id: string) => { url: string; header: Record<string, string> };

const ACTION: Record<MediaItem['kind'], string> = { image: '看照片', voice: '听录音', video: '看视频' };

/**
 * A case's photos, recordings and videos as big buttons: a photo opens full screen, a recording
 * plays (tap again to stop), a video opens a player under the list.
 */
export default function MediaList({ items, request, onError }: { items: MediaItem[]; request: MediaRequest; onError: (message: string) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [playing, setPlaying] = useState<string | null>(null);
  const [video, setVideo] = useState<{ id: string; src: string } | null>(null);
  const audio = useRef<Taro.InnerAudioContext | null>(null);
  const files = useRef(new Map<string, string>());

  useEffect(
    () => () => {
      audio.current?.destroy();
    },
    [],
  );

  async function download(item: MediaItem): Promise<string> {
    const known = files.current.get(item.id);
    if (known) return known;
    const { url, header } = request(item.id);
    const res = await Taro.downloadFile({ url, header });
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    files.current.set(item.id, res.tempFilePath);
    return res.tempFilePath;
  }

  function stopAudio() {
    audio.current?.stop();
    setPlaying(null);
  }

  async function open(item: MediaItem) {
    if (!item.ready || busy) return;
    if (item.kind === 'voice' && playing === item.id) return stopAudio();
    setBusy(item.id);
    try {
      const path = await download(item);
      if (item.kind === 'image') {
        await Taro.previewImage({ urls: [path], current: path });
      } else if (item.kind === 'voice') {
        stopAudio();
        audio.current ??= Taro.createInnerAudioContext();
        const ctx = audio.current;
        ctx.src = path;
        ctx.onEnded(() => setPlaying(null));
        ctx.play();
        setPlaying(item.id);
      } else {
        setVideo({ id: item.id, src: path });
      }
    } catch {
      onError('打不开，请稍后再试。');
    } finally {
      setBusy(null);
    }
  }

  if (items.length === 0) return <Text className='muted'>没有照片、录音或视频</Text>;

  return (
    <View className='media'>
      {items.map((item) => (
        <Button key={item.id} className='btn media__item' disabled={!item.ready} loading={busy === item.id} onClick={() => void open(item)}>
          {item.label}：{!item.ready ? '还在保存' : playing === item.id ? '正在播放，点一下停' : ACTION[item.kind]}
        </Button>
      ))}
      {video && <Video className='media__video' src={video.src} autoplay controls />}
    </View>
  );
}
