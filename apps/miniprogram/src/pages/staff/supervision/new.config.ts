export default definePageConfig({
  navigationBarTitleText: '立项督办',
});
