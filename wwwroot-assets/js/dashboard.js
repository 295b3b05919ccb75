// The dashboard's only script of its own: remembers the light/dark choice for a year.
window.jobsDashboard = {
  saveTheme: function (theme) {
    document.cookie = "jobs-theme=" + encodeURIComponent(theme) + "; path=/; max-age=31536000; samesite=lax";
  }
};
