export default definePageConfig({
  navigationBarTitleText: '召开联席会议',
});
