export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/file/index',
    'pages/my-cases/index',
    'pages/case/detail',
    'pages/contacts/index',
    'pages/settings/index',
    'pages/points/index',
    // Staff pages (handlers, dispatchers): sign in on pages/login, tab 工作人员.
    'pages/staff/inbox/index',
    'pages/staff/queue/index',
    'pages/staff/case/index',
    'pages/staff/file/index',
    'pages/staff/warnings/index',
    'pages/staff/warnings/detail',
    // Leaders' home (unit and city leaders, inspectors): the heat map.
    'pages/staff/leaders/index',
    // 板凳会 (village cadres and town staff) and 金点子 (the owning unit).
    'pages/staff/bench/index',
    'pages/staff/sit-next/index',
    'pages/staff/meeting/index',
    'pages/staff/ideas/index',
    'pages/staff/idea/index',
    // Village cadres: the station's redemptions and the village review (积分).
    'pages/staff/redeem/index',
    'pages/staff/review/index',
    // 异常线索 and 督办清单: inspectors review flags and run items; the unit answers its items.
    'pages/staff/flags/index',
    'pages/staff/flags/detail',
    'pages/staff/supervision/index',
    'pages/staff/supervision/detail',
    'pages/staff/supervision/new',
    'pages/staff/supervision/exposures',
    // 红黑榜: the week's list (leaders, units) and the office's approval and publication.
    'pages/staff/league/index',
    'pages/staff/publish/index',
    // 联席会议: the office convenes and lists meetings; invited units read them and report their tasks done.
    'pages/staff/joint/index',
    'pages/staff/joint/new',
    'pages/staff/joint/detail',
    'pages/staff/joint/tasks',
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#ffffff',
    navigationBarBackgroundColor: '#0a3d91',
    navigationBarTitleText: '民声直达',
    navigationBarTextStyle: 'white',
  },
  // Filing a demand may attach the place (pages/file).
  requiredPrivateInfos: ['chooseLocation', 'getLocation'],
  permission: {
    'scope.userLocation': { desc: '反映问题时附上位置，方便工作人员找到地方' },
  },
});
