export default definePageConfig({
  navigationBarTitleText: '待办分拨',
  enablePullDownRefresh: true,
});
