export default definePageConfig({
  navigationBarTitleText: '民生诉求热力图',
  enablePullDownRefresh: true,
});
