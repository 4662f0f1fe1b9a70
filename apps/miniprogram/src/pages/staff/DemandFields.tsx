import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import { LIMITS } from '../../staff/validate';

/** What staff write down for a resident's demand (代群众反映, or at a bench meeting). */
export interface DemandDraft {
  name: string;
  phone: string;
  text: string;
  solved: boolean;
  answer: string;
}

export const EMPTY_DEMAND: DemandDraft = { name: '', phone: '', text: '', solved: false, answer: '' };

/**
 * The resident's name and phone, what they raised, and whether it was solved on the spot (and how):
 * the fields of the staff filing form and of the bench meeting's demand, in one place.
 */
export function DemandFields(props: { value: DemandDraft; onChange: (draft: DemandDraft) => void; examples: { name: string; answer: string } }) {
  const { value, onChange, examples } = props;
  const set = (patch: Partial<DemandDraft>) => onChange({ ...value, ...patch });
  return (
    <>
      <View className='field'>
        <Text className='field__label'>群众姓名</Text>
        <Input className='field__input' value={value.name} maxlength={LIMITS.residentName} placeholder={examples.name} onInput={(e) => set({ name: e.detail.value })} />
      </View>
      <View className='field'>
        <Text className='field__label'>电话</Text>
        <Input className='field__input' type='text' value={value.phone} maxlength={20} placeholder='手机或座机（带区号）' onInput={(e) => set({ phone: e.detail.value })} />
      </View>
      <View className='field'>
        <Text className='field__label'>反映的事</Text>
        <Textarea className='field__area' value={value.text} maxlength={LIMITS.text} placeholder='什么事，在哪里' onInput={(e) => set({ text: e.detail.value })} />
      </View>
      <View className='field'>
        <Text className='field__label'>当场解决了</Text>
        <Switch checked={value.solved} ariaLabel='当场解决了' nativeProps={{ 'aria-label': '当场解决了' }} onChange={(e) => set({ solved: Boolean(e.detail.value) })} />
      </View>
      {value.solved && (
        <View className='field'>
          <Text className='field__label'>怎么解决的</Text>
          <Textarea className='field__area' value={value.answer} maxlength={LIMITS.answer} placeholder={examples.answer} onInput={(e) => set({ answer: e.detail.value })} />
        </View>
      )}
    </>
  );
}
