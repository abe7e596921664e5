"""The projects family (党建+X 项目): a project's plan and lifecycle (`projects`), its monthly reviews (`reviews`),
its acceptance and rating (`acceptance`), the cost-reduction programmes it reports into (`costs`), its measured effects
(`effects`) and the boards and annual compilation that read them all (`boards`). Each is a Django app under one
roof; a folder's name is its app label, so moving them here needed no data migration."""
