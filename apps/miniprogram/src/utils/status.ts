/**
 * A case's state in a resident's words. The server's labels are the staff's (待回访, 已退回):
 * to a resident 待回访 means "answered, please rate", and 已退回 is only the office re-routing it.
 */
const RESIDENT_STATUS: Record<string, string> = {
  accepted: '已受理',
  assigned: '已转给承办单位',
  in_progress: '正在办理',
  answered: '已答复',
  revisiting: '已答复，请您评价',
  closed: '已办结',
  invalid: '无效诉求',
  returned: '正在重新安排承办单位',
  reopened: '重新办理',
  merged: '已合并到同类诉求',
};

/** The resident's words for `status`; the server's label for a state this app does not know yet. */
export function residentStatus(status: string, serverLabel: string): string {
  return RESIDENT_STATUS[status] ?? serverLabel;
}
