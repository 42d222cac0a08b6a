# Shift times as campaigns write them: "Saturday, November 21" and "5:30 PM".
MONTH_DAY_FORMAT = "l, F j"
TIME_FORMAT = "g:i A"
