export default definePageConfig({
  navigationBarTitleText: '领导首页',
  enablePullDownRefresh: true,
});
