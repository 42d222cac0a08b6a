# "sábado 21 de noviembre" and "5:30 p.m.": the 12-hour clock is what Spanish speakers in the
# United States read on every other schedule.
MONTH_DAY_FORMAT = r"l j \d\e F"
TIME_FORMAT = "g:i a"
