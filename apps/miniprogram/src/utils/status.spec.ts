import { residentStatus } from './status';

describe(residentStatus.name, () => {
  it.each([
    ['revisiting', '待回访', '已答复，请您评价'],
    ['returned', '已退回', '正在重新安排承办单位'],
    ['in_progress', '办理中', '正在办理'],
    ['closed', '已办结', '已办结'],
  ])('says %s as a resident reads it', (status, staff, resident) => {
    expect(residentStatus(status, staff)).toBe(resident);
  });

  it('keeps the server label for a state it does not know', () => {
    expect(residentStatus('archived', '已归档')).toBe('已归档');
  });
});
