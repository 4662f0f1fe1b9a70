import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import { getRole, isStaff } from '../api/client';
import { ROUTES } from '../utils/nav';
import Button from './Button';

const IS_H5 = process.env.TARO_ENV === 'h5';

/**
 * h5 only (WeChat draws its own bar with a back arrow): a way back on every page but the first.
 * Back when there is a page to go back to; otherwise to the home page (staff: their first page).
 */
export default function BackBar() {
  if (!IS_H5) return null;
  const home = isStaff() ? ROUTES.staffHome(getRole()) : ROUTES.home;
  const pages = Taro.getCurrentPages();
  const canGoBack = pages.length > 1;
  const here = `/${(pages[pages.length - 1]?.route ?? '').replace(/^\//, '').split('?')[0]}`;
  if (!canGoBack && here === home) return null;
  return (
    <View className='backbar' role='navigation' aria-label='返回'>
      <Button
        className='btn backbar__back'
        onClick={() => void (canGoBack ? Taro.navigateBack() : Taro.reLaunch({ url: home }))}
      >
        {canGoBack ? '‹ 返回' : '‹ 回首页'}
      </Button>
    </View>
  );
}
