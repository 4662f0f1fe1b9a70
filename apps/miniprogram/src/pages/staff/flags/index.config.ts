export default definePageConfig({
  navigationBarTitleText: '异常线索',
  enablePullDownRefresh: true,
});
