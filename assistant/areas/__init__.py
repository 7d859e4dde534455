"""Work areas (lĩnh vực) of the archive and the onboarding facts of each: found from folders or subjects, every
fact built from the index with the document it comes from."""
