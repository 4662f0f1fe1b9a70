export default definePageConfig({
  navigationBarTitleText: '联席会议任务',
  enablePullDownRefresh: true,
});
