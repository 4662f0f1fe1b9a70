export default definePageConfig({
  navigationBarTitleText: '三色预警',
  enablePullDownRefresh: true,
});
