import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import Button from './Button';

interface Props {
  /** The place in words from the server (「八台镇 香炉村」). */
  label: string;
  mapUrl?: string | null;
  point?: { lat: number; lng: number } | null;
  className?: string;
}

/** A place read by name; the point itself only behind 「看地图」 (WeChat's map in the mini-program, a map page in h5). */
export default function PlaceLine({ label, mapUrl, point, className }: Props) {
  const openMap = () => {
    if (process.env.TARO_ENV === 'h5') {
      if (mapUrl) window.open(mapUrl, '_blank', 'noopener');
      return;
    }
    if (point) void Taro.openLocation({ latitude: point.lat, longitude: point.lng, name: label, scale: 15 }).catch(() => undefined);
  };
  const canOpen = process.env.TARO_ENV === 'h5' ? Boolean(mapUrl) : Boolean(point);
  return (
    <View className={`place ${className ?? ''}`}>
      <Text className='place__label'>{label}</Text>
      {canOpen && (
        <Button className='btn btn--plain place__map' size='mini' onClick={openMap}>
          看地图
        </Button>
      )}
    </View>
  );
}
