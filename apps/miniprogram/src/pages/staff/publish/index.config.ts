export default definePageConfig({
  navigationBarTitleText: '红黑榜审定发布',
  enablePullDownRefresh: true,
});
