import { Picker, Text, View } from '@tarojs/components';
import { indexOf, labelOf, type Option } from '../../staff/forms';

/** A labelled single-choice field over code/label options, as the staff forms use it. */
export function OptionPicker(props: { label: string; options: Option[]; value: string | null; onPick: (code: string) => void }) {
  const { label, options, value, onPick } = props;
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Picker
        mode='selector'
        range={options.map((o) => o.label)}
        value={Math.max(0, indexOf(options, value))}
        onChange={(e) => {
          const o = options[Number(e.detail.value)];
          if (o) onPick(o.code);
        }}
      >
        <View className='field__picker'>{labelOf(options, value, '请选择')}</View>
      </Picker>
    </View>
  );
}
