/**
 * Test double of `@tarojs/components` (jest maps the import here): each component becomes plain
 * HTML a test can find by its text or role and drive as a user would, and calls the page's handlers
 * with Taro's event shapes ({ detail: { value } }).
 *
 *   View → div, Text → span, Image → img, Button → button (disabled, loading → aria-busy,
 *   openType/formType/size kept as data attributes), Input/Textarea → input/textarea (typing calls
 *   onInput/onChange with { detail: { value } }, Enter calls onConfirm), Switch/Checkbox/Radio →
 *   checkboxes and radios, Picker → its children as a button; tapping it opens a list of the
 *   choices (role option) and tapping one calls onChange with { detail: { value: index } }.
 *   Any other component renders as a div with data-taro="Name".
 */
import { createContext, useContext, useState, type ReactNode, type CSSProperties, type SyntheticEvent } from 'react';
import Taro from './taro';
import { platform } from './platform';

type Props = Record<string, any> & { children?: ReactNode; className?: string; style?: CSSProperties | string };

/** Props any element keeps: class, style, id, role, aria-* and data-*, and a tap handler. */
function common(props: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (props.className) out.className = props.className;
  if (props.style && typeof props.style === 'object') out.style = props.style;
  if (props.id) out.id = props.id;
  if (props.role) out.role = props.role;
  for (const [k, v] of Object.entries(props)) if (k.startsWith('aria-') || k.startsWith('data-')) out[k] = v;
  if (props.ariaLabel) out['aria-label'] = props.ariaLabel; // Taro's prop for the accessible name
  if (props.onClick) out.onClick = props.onClick;
  if (props.onLongPress) out.onContextMenu = props.onLongPress;
  return out;
}

function valueEvent(value: unknown, extra: Record<string, unknown> = {}) {
  return { type: 'input', detail: { value, ...extra }, target: { value }, currentTarget: { value } };
}

export function View(props: Props) {
  return <div {...common(props)}>{props.children}</div>;
}

export function Text(props: Props) {
  return <span {...common(props)}>{props.children}</span>;
}

export function RichText(props: Props) {
  const nodes = props.nodes;
  return <div {...common(props)}>{typeof nodes === 'string' ? nodes.replace(/<[^>]+>/g, '') : null}</div>;
}

export function Image(props: Props) {
  // h5 passes nativeProps to its <img>: that is where the alt text goes.
  return <img {...common(props)} src={props.src} alt={props.nativeProps?.alt ?? props.alt} data-mode={props.mode} onLoad={props.onLoad} onError={props.onError} />;
}

/** What tapping an open-type button answers (Taro calls the matching on<OpenType> prop). */
function openTypeEvent(openType: string): { handler: string; detail: Record<string, unknown> } | null {
  if (openType === 'getPhoneNumber') {
    const c = platform.phoneNumberCode;
    return { handler: 'onGetPhoneNumber', detail: c === 'cancel' || c === 'deny' ? { errMsg: 'getPhoneNumber:fail user deny' } : { errMsg: 'getPhoneNumber:ok', code: c } };
  }
  if (openType === 'chooseAvatar') {
    const a = platform.avatar;
    return a === 'cancel' || a === 'deny' ? null : { handler: 'onChooseAvatar', detail: { avatarUrl: a } };
  }
  return null;
}

export function Button(props: Props) {
  const formType = props.formType as string | undefined;
  const openType = props.openType as string | undefined;
  return (
    <button
      {...common(props)}
      onClick={(e) => {
        props.onClick?.(e);
        if (!openType) return;
        platform.record(`openType:${openType}`, {});
        const answer = openTypeEvent(openType);
        if (answer) props[answer.handler]?.({ type: openType.toLowerCase(), detail: answer.detail });
      }}
      type={formType === 'submit' ? 'submit' : formType === 'reset' ? 'reset' : 'button'}
      disabled={Boolean(props.disabled)}
      aria-busy={props.loading ? true : undefined}
      data-loading={props.loading ? 'true' : undefined}
      data-open-type={props.openType}
      data-size={props.size}
      data-type={props.type}
    >
      {props.children}
    </button>
  );
}

function inputProps(props: Props, onValue: (value: string) => void) {
  const controlled = props.value !== undefined && props.value !== null;
  return {
    ...common(props),
    ...(controlled ? { value: String(props.value) } : { defaultValue: props.defaultValue }),
    name: props.name,
    placeholder: props.placeholder,
    disabled: Boolean(props.disabled),
    maxLength: props.maxlength !== undefined && Number(props.maxlength) >= 0 ? Number(props.maxlength) : undefined,
    autoFocus: Boolean(props.focus || props.autoFocus),
    onChange: (e: SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) => onValue(e.currentTarget.value),
    onFocus: (e: SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onFocus?.(valueEvent(e.currentTarget.value)),
    onBlur: (e: SyntheticEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onBlur?.(valueEvent(e.currentTarget.value)),
  };
}

export function Input(props: Props) {
  const type = props.password ? 'password' : props.type === 'number' || props.type === 'digit' ? 'number' : props.type === 'idcard' ? 'text' : 'text';
  return (
    <input
      {...inputProps(props, (value) => {
        props.onInput?.(valueEvent(value, { cursor: value.length }));
        props.onChange?.(valueEvent(value));
      })}
      type={type}
      inputMode={props.type === 'digit' ? 'decimal' : props.type === 'number' ? 'numeric' : undefined}
      data-confirm-type={props.confirmType}
      onKeyDown={(e) => {
        if (e.key === 'Enter') props.onConfirm?.(valueEvent(e.currentTarget.value));
      }}
    />
  );
}

export function Textarea(props: Props) {
  return (
    <textarea
      {...inputProps(props, (value) => {
        props.onInput?.(valueEvent(value, { cursor: value.length }));
        props.onChange?.(valueEvent(value));
      })}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && props.confirmType && props.confirmType !== 'return') props.onConfirm?.(valueEvent(e.currentTarget.value));
      }}
    />
  );
}

/** Taro's Switch: a checkbox with role switch; toggling calls onChange({ detail: { value: checked } }). */
export function Switch(props: Props) {
  return (
    <input
      {...common(props)}
      type='checkbox'
      role={props.type === 'checkbox' ? undefined : 'switch'}
      aria-label={props.nativeProps?.['aria-label'] ?? props.ariaLabel} // h5 passes nativeProps to its <input>
      name={props.name}
      checked={props.checked === undefined ? undefined : Boolean(props.checked)}
      disabled={Boolean(props.disabled)}
      onChange={(e) => props.onChange?.(valueEvent(e.currentTarget.checked))}
    />
  );
}

// Checkbox / Radio groups report the values of what is checked, as Taro's do.
const GroupContext = createContext<{ kind: 'checkbox' | 'radio'; name: string; changed: (value: string, checked: boolean, input: HTMLInputElement) => void } | null>(
  null,
);
let groups = 0;

function Group(kind: 'checkbox' | 'radio') {
  return function TaroGroup(props: Props) {
    const [name] = useState(() => `${kind}-group-${(groups += 1)}`);
    const changed = (_value: string, _checked: boolean, input: HTMLInputElement) => {
      const form = input.closest('[data-taro-group]');
      const all = Array.from(form?.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`) ?? []);
      const values = all.filter((i) => i.checked).map((i) => i.value);
      props.onChange?.(valueEvent(kind === 'radio' ? values[0] ?? '' : values));
    };
    return (
      <GroupContext.Provider value={{ kind, name, changed }}>
        <div {...common(props)} data-taro-group={kind} role={kind === 'radio' ? 'radiogroup' : 'group'}>
          {props.children}
        </div>
      </GroupContext.Provider>
    );
  };
}

export const CheckboxGroup = Group('checkbox');
export const RadioGroup = Group('radio');

function Choice(kind: 'checkbox' | 'radio') {
  return function TaroChoice(props: Props) {
    const group = useContext(GroupContext);
    return (
      <label {...common(props)}>
        <input
          type={kind}
          name={group?.name}
          value={props.value}
          checked={props.checked === undefined ? undefined : Boolean(props.checked)}
          disabled={Boolean(props.disabled)}
          onChange={(e) => group?.changed(String(props.value ?? ''), e.currentTarget.checked, e.currentTarget)}
        />
        {props.children}
      </label>
    );
  };
}

export const Checkbox = Choice('checkbox');
export const Radio = Choice('radio');

export function Label(props: Props) {
  return <label {...common(props)}>{props.children}</label>;
}

/**
 * Taro's Picker. Its children show as a button; tapping it opens the choices (role option, named
 * by their labels) with a 取消 button; tapping a choice calls onChange({ detail: { value: index } }).
 * mode 'date' / 'time' opens a text box and a 确定 button instead (onChange gets the text typed).
 */
export function Picker(props: Props) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const mode = (props.mode as string | undefined) ?? 'selector';
  const range: unknown[] = Array.isArray(props.range) ? props.range : [];
  const labelOf = (item: unknown) =>
    props.rangeKey && item && typeof item === 'object' ? String((item as Record<string, unknown>)[props.rangeKey]) : String(item);
  if (mode === 'multiSelector' || mode === 'region') throw new Error(`Picker mode ${mode} is not in the test double (test/support/components.tsx)`);

  const close = () => {
    setOpen(false);
    props.onCancel?.({ type: 'cancel', detail: {} });
  };

  return (
    <div {...common({ ...props, onClick: undefined })} data-taro-picker={mode}>
      <div
        role='button'
        tabIndex={0}
        aria-haspopup='listbox'
        aria-expanded={open}
        aria-disabled={props.disabled ? true : undefined}
        onClick={() => {
          if (!props.disabled) setOpen(true);
        }}
      >
        {props.children}
      </div>
      {open && mode === 'selector' && (
        <div role='dialog' aria-label='请选择'>
          <ul role='listbox'>
            {range.map((item, i) => (
              <li
                key={`${i}-${labelOf(item)}`}
                role='option'
                aria-selected={Number(props.value) === i}
                onClick={() => {
                  setOpen(false);
                  props.onChange?.(valueEvent(i));
                }}
              >
                {labelOf(item)}
              </li>
            ))}
          </ul>
          <button type='button' onClick={close}>
            取消
          </button>
        </div>
      )}
      {open && mode !== 'selector' && (
        <div role='dialog' aria-label='请选择'>
          <input aria-label={mode === 'date' ? '日期' : '时间'} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
          <button
            type='button'
            onClick={() => {
              setOpen(false);
              props.onChange?.(valueEvent(typed));
            }}
          >
            确定
          </button>
          <button type='button' onClick={close}>
            取消
          </button>
        </div>
      )}
    </div>
  );
}

export function Form(props: Props) {
  return (
    <form
      {...common(props)}
      onSubmit={(e) => {
        e.preventDefault();
        const value: Record<string, unknown> = {};
        new FormData(e.currentTarget).forEach((v, k) => {
          value[k] = v;
        });
        props.onSubmit?.(valueEvent(value));
      }}
      onReset={() => props.onReset?.({ type: 'reset', detail: {} })}
    >
      {props.children}
    </form>
  );
}

export function ScrollView(props: Props) {
  return (
    <div {...common(props)} data-taro='ScrollView'>
      {props.children}
    </div>
  );
}

export function Icon(props: Props) {
  return <i {...common(props)} data-icon={props.type} />;
}

export function Progress(props: Props) {
  return <progress {...common(props)} value={Number(props.percent ?? 0)} max={100} />;
}

export function Video(props: Props) {
  return <video {...common(props)} src={props.src} controls={props.controls !== false} />;
}

export function Audio(props: Props) {
  return <audio {...common(props)} src={props.src} />;
}

function generic(name: string) {
  const C = (props: Props) => (
    <div {...common(props)} data-taro={name}>
      {props.children}
    </div>
  );
  C.displayName = name;
  return C;
}

export const Swiper = generic('Swiper');
export const SwiperItem = generic('SwiperItem');
export const MovableArea = generic('MovableArea');
export const MovableView = generic('MovableView');
export const CoverView = generic('CoverView');
export const CoverImage = generic('CoverImage');
export const Block = (props: Props) => <>{props.children}</>;
export const PageContainer = generic('PageContainer');
const TaroMap = generic('Map');
export { TaroMap as Map };
export const Camera = generic('Camera');
export const WebView = generic('WebView');
export const Navigator = (props: Props) => (
  <a
    {...common(props)}
    href={props.url}
    onClick={(e) => {
      e.preventDefault();
      void Taro.navigateTo({ url: String(props.url) });
    }}
  >
    {props.children}
  </a>
);
