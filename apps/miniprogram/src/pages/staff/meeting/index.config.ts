export default definePageConfig({
  navigationBarTitleText: '板凳会详情',
});
