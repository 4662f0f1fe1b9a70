export default definePageConfig({
  navigationBarTitleText: '干群连心卡',
});
