export default definePageConfig({
  navigationBarTitleText: '村级评议',
});
