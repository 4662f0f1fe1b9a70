import { screen, waitFor } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import StaffFile from '../../src/pages/staff/file/index';
import { staffCase } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { pick, renderPage } from '../support/render';

const page = { path: '/pages/staff/file/index' };

async function submitAndExpect(user: UserEvent, message: string) {
  await user.click(screen.getByRole('button', { name: '提交' }));
  expect(screen.getByRole('alert')).toHaveTextContent(message);
}

describe('staff filing page (代群众反映)', () => {
  it('checks each field before sending, saying what is missing or wrong', async () => {
    platform.signIn('handler');
    const { user } = renderPage(<StaffFile />, page);

    await submitAndExpect(user, '请选择来源');
    await pick(user, '请选择', '专线电话');
    await submitAndExpect(user, '请填写群众姓名');
    await user.type(screen.getByPlaceholderText('例如：张三'), '张三');
    await submitAndExpect(user, '请填写电话');
    await user.type(screen.getByPlaceholderText('手机或座机（带区号）'), '12345');
    await submitAndExpect(user, '电话不对：手机填11位，座机带区号');
    await user.clear(screen.getByPlaceholderText('手机或座机（带区号）'));
    await user.type(screen.getByPlaceholderText('手机或座机（带区号）'), '138 0000 0001');
    await submitAndExpect(user, '请填写反映的事');

    expect(backend.requests).toEqual([]);
  });

  it('files the demand with the channel it came through, then opens the new case', async () => {
    platform.signIn('handler', 'handler-token');
    backend.on('POST /api/cases', { status: 201, body: staffCase({ id: 'k-new', number: 'MS20261126-0042', channel: 'bench_meeting' }) });
    const { user } = renderPage(<StaffFile />, page);

    await pick(user, '请选择', '板凳会');
    expect(screen.getByText('板凳会')).toBeInTheDocument();
    await user.type(screen.getByPlaceholderText('例如：张三'), ' 李四 ');
    await user.type(screen.getByPlaceholderText('手机或座机（带区号）'), '0818-1234567');
    await user.type(screen.getByPlaceholderText('什么事，在哪里'), '东村三组的水渠堵了，灌溉用不上。');
    await user.click(screen.getByRole('button', { name: '提交' }));

    expect(await screen.findByText('已受理，编号 MS20261126-0042')).toBeInTheDocument();
    const sent = backend.last('POST /api/cases');
    expect(sent.body).toEqual({ channel: 'bench_meeting', residentName: '李四', residentPhone: '0818-1234567', text: '东村三组的水渠堵了，灌溉用不上。' });
    expect(sent.headers.Authorization).toBe('Bearer handler-token');
    expect(platform.toasts).toEqual(['已受理']);
    expect(platform.navigations).toEqual(['navigateTo /pages/staff/case/index?id=k-new']);
    expect(screen.getByPlaceholderText('例如：张三')).toHaveValue('');
    expect(screen.getByPlaceholderText('什么事，在哪里')).toHaveValue('');
  });

  it('sends the answer given on the spot when the demand was solved there', async () => {
    platform.signIn('handler');
    backend.on('POST /api/cases', { status: 201, body: staffCase({ id: 'k-new', number: 'MS20261126-0043', channel: 'walk_in' }) });
    const { user } = renderPage(<StaffFile />, page);

    await pick(user, '请选择', '网格站');
    await user.type(screen.getByPlaceholderText('例如：张三'), '王五');
    await user.type(screen.getByPlaceholderText('手机或座机（带区号）'), '13800000002');
    await user.type(screen.getByPlaceholderText('什么事，在哪里'), '问医保怎么转移。');
    expect(screen.queryByPlaceholderText('例如：已当场讲清政策')).not.toBeInTheDocument();
    await user.click(screen.getByRole('switch', { name: '当场解决了' }));
    await submitAndExpect(user, '请填写当场怎么解决的');

    await user.type(screen.getByPlaceholderText('例如：已当场讲清政策'), '已当场讲清转移流程。');
    await user.click(screen.getByRole('button', { name: '提交' }));

    await screen.findByText('已受理，编号 MS20261126-0043');
    expect(backend.last('POST /api/cases').body).toEqual({
      channel: 'walk_in',
      residentName: '王五',
      residentPhone: '13800000002',
      text: '问医保怎么转移。',
      onTheSpotAnswer: '已当场讲清转移流程。',
    });
  });

  it('keeps what was typed and says why when the server refuses it', async () => {
    platform.signIn('handler');
    // As the server's validation answers: plain Chinese for people, English in detail.
    backend.on('POST /api/cases', {
      status: 400,
      body: { code: 'INVALID_REQUEST', message: '电话不对', detail: 'residentPhone must be a mobile or landline number', fields: [{ field: 'residentPhone', rules: ['matches'] }] },
    });
    const { user } = renderPage(<StaffFile />, page);

    await pick(user, '请选择', '专线电话');
    await user.type(screen.getByPlaceholderText('例如：张三'), '张三');
    await user.type(screen.getByPlaceholderText('手机或座机（带区号）'), '13800000001');
    await user.type(screen.getByPlaceholderText('什么事，在哪里'), '路灯坏了');
    await user.click(screen.getByRole('button', { name: '提交' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('填写的内容有误：电话不对');
    expect(screen.getByPlaceholderText('例如：张三')).toHaveValue('张三');
    expect(platform.navigations).toEqual([]);
    await waitFor(() => expect(screen.getByRole('button', { name: '提交' })).toBeEnabled());
  });
});
