"""``tzcld-dashboard``: an interactive Dash app over the results folder, with a live what-if.

Modules: :mod:`~sim.app.paths` (confinement to the results root), :mod:`~sim.app.urlstate`
(settings <-> page URL), :mod:`~sim.app.whatif` (the live rerun of the pilot territory),
:mod:`~sim.app.views` (the report's figures on the page), :mod:`~sim.app.layout`,
:mod:`~sim.app.callbacks`, :mod:`~sim.app.server` (``create_app``) and :mod:`~sim.app.cli`.
"""
