"""Suggest a video: readers send a YouTube or Vimeo link, curators review it in the admin."""
