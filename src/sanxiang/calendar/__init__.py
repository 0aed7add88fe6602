"""The working-day calendar (R-CAL-01, R-CAL-02): which days count, and statutory periods.

Modules: ``workdays`` (working days, periods, due dates and their explanations) and
``files`` (the per-year holiday file an administrator loads). The model (``CalendarYear``)
and the ``calendar`` management command stay in ``sanxiang.core``.
"""
