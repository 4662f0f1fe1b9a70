import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, Video, View } from '@tarojs/components';
import Button from './Button';
import type { MediaItem } from '../utils/media';
import { useAudio } from './use-audio';


/** The URL and header to download one item (downloads need the token, so no plain src URLs). */
export type MediaRequest = (id: string) => { url: string; header: Record<string, string> };

const ACTION: Record<MediaItem['kind'], string> = { image: '看照片', voice: '听录音', video: '看视频' };

/**
 * A case's photos, recordings and videos as big buttons: a photo opens full screen, a recording
 * plays (tap again to stop), a video opens a player under the list.
 */
export default function MediaList({ items, request, onError }: { items: MediaItem[]; request: MediaRequest; onError: (message: string) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [video, setVideo] = useState<{ id: string; src: string } | null>(null);
  const audio = useAudio();
  const files = useRef(new Map<string, string>());

  async function download(item: MediaItem): Promise<string> {
    const known = files.current.get(item.id);
    if (known) return known;
    const { url, header } = request(item.id);
    const res = await Taro.downloadFile({ url, header });
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    files.current.set(item.id, res.tempFilePath);
    return res.tempFilePath;
  }

  async function open(item: MediaItem) {
    if (!item.ready || busy) return;
    if (item.kind === 'voice' && audio.playing === item.id) return audio.stop();
    setBusy(item.id);
    try {
      const path = await download(item);
      if (item.kind === 'image') {
        await Taro.previewImage({ urls: [path], current: path });
      } else if (item.kind === 'voice') {
        audio.play(item.id, path);
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
          {item.label}：{!item.ready ? '还在保存' : audio.playing === item.id ? '正在播放，点一下停' : ACTION[item.kind]}
        </Button>
      ))}
      {video && <Video className='media__video' src={video.src} autoplay controls />}
    </View>
  );
}
