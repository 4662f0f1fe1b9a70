export default definePageConfig({
  navigationBarTitleText: '媒体曝光',
  enablePullDownRefresh: true,
});
