import { BadRequestException, type ValidationError } from '@nestjs/common';

/** What people call the fields of our requests; a field of one request can be named more exactly as `Dto.field`. */
const FIELD_NAMES: Record<string, string> = {
  'AnswerCaseDto.text': '答复内容',
  'NoteDto.text': '办理进展',
  'StaffFileCaseDto.text': '反映的事',
  text: '内容',
  reason: '原因',
  note: '备注',
  unitId: '承办单位',
  coUnitIds: '协办单位',
  intoCaseId: '要合并到的案件',
  workdays: '延期天数',
  approve: '是否同意',
  rating: '满意度',
  solved: '是否解决',
  username: '用户名',
  password: '密码',
  code: '编码',
  clientKey: '提交编号',
  kind: '类型',
  subItem: '分类',
  urgency: '紧急程度',
  expectedVersion: '案件版本',
  residentName: '群众姓名',
  residentPhone: '电话',
  phone: '电话',
  channel: '来源',
  solvedOnTheSpot: '是否当场解决',
  onTheSpotAnswer: '怎么解决的',
  location: '位置',
  center: '位置',
  lat: '纬度',
  lng: '经度',
  label: '地点名称',
  contentType: '文件类型',
  base64: '照片',
  durationMs: '录音时长',
  name: '名称',
  displayName: '姓名',
  level: '级别',
  role: '角色',
  parentId: '上级单位',
  supervisorId: '分管领导',
  placeUnitId: '所在镇村',
  day: '日期',
  workday: '是否上班',
  status: '状态',
  limit: '条数',
  offset: '起始位置',
  'CreateSupervisionItemDto.source': '督办来源',
  'CreateSupervisionItemDto.caseIds': '案件',
  'CreateSupervisionItemDto.warningId': '预警',
  'CreateSupervisionItemDto.flagId': '异常线索',
  'CreateSupervisionItemDto.title': '督办事项名称',
  'CreateSupervisionItemDto.requirement': '整改要求',
  'CreateSupervisionItemDto.dueDate': '整改期限',
  'CreateSupervisionItemDto.fieldNote': '现场情况',
  'SupervisionReportDto.text': '整改情况',
  'SupervisionReportDto.mediaIds': '照片',
  'SupervisionVerifyDto.outcome': '核查结果',
  'SupervisionVerifyDto.note': '核查意见',
  'SupervisionVerifyDto.dueDate': '新的整改期限',
  'AccountabilityInputDto.person': '被问责人',
  'AccountabilityInputDto.role': '职务',
  'AccountabilityInputDto.measure': '问责方式',
  'ExposureInputDto.caseId': '案件',
  'ExposureInputDto.outlet': '曝光媒体',
  'ExposureInputDto.commitment': '公开承诺',
  'ExposureInputDto.commitmentDue': '承诺期限',
  'FollowUpInputDto.text': '跟进情况',
  'ListSupervisionItemsQuery.overdue': '是否逾期',
  date: '日期',
  week: '周次',
  month: '月份',
};

/** How each broken rule reads, given the field's name. Rules not listed read as 「…不对」. */
const RULE_PHRASES: Record<string, (field: string) => string> = {
  isNotEmpty: (f) => `请填写${f}`,
  isDefined: (f) => `请填写${f}`,
  maxLength: (f) => `${f}太长了，请删短一些`,
  minLength: (f) => `${f}太短了`,
  arrayMaxSize: (f) => `${f}选得太多了`,
  arrayMinSize: (f) => `请选择${f}`,
  min: (f) => `${f}太小了`,
  max: (f) => `${f}太大了`,
  // An unknown field has no Chinese name; `fields` names it for developers.
  whitelistValidation: () => '多了不该有的内容',
};

export interface FieldProblem {
  field: string;
  rules: string[];
}

function flatten(errors: readonly ValidationError[], parent = ''): Array<{ path: string; key: string; rules: string[]; english: string[] }> {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    // An element of an array (coUnitIds.0) is named by the array.
    const named = /^\d+$/.test(e.property) && parent ? parent.split('.').pop()! : e.property;
    const owner = e.target?.constructor?.name;
    const key = owner && FIELD_NAMES[`${owner}.${named}`] ? `${owner}.${named}` : named;
    const own = e.constraints ? [{ path, key, rules: Object.keys(e.constraints), english: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** One plain Chinese sentence for what is wrong with a request, e.g. 「请填写答复内容」. */
export function describeValidation(errors: readonly ValidationError[]): { message: string; detail: string; fields: FieldProblem[] } {
  const flat = flatten(errors);
  const sentences = flat.map(({ key, rules }) => {
    const known = FIELD_NAMES[key] ?? FIELD_NAMES[key.split('.').pop() ?? ''];
    const field = known ?? '填写的内容';
    // The first rule that has words of its own says most (an empty text is also "not a string").
    const rule = rules.find((r) => RULE_PHRASES[r]);
    return rule ? RULE_PHRASES[rule](field) : `${field}不对`;
  });
  return {
    message: [...new Set(sentences)].join('；') || '填写的内容不对，请检查后再试',
    detail: flat.flatMap((f) => f.english).join('; '),
    fields: flat.map(({ path, rules }) => ({ field: path, rules })),
  };
}

/** The ValidationPipe's failures, in words: the filter answers them as 400 INVALID_REQUEST. */
export class ValidationFailed extends BadRequestException {
  readonly fields: FieldProblem[];
  readonly detail: string;
  constructor(errors: readonly ValidationError[]) {
    const { message, detail, fields } = describeValidation(errors);
    super(message);
    this.fields = fields;
    this.detail = detail;
  }
}
