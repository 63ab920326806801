# Copied into the oracle's site as _plugins/: a `{% post_url %}` naming a missing post stops the whole
# Jekyll build; with this, the tag renders as a link to /__missing_post__/NAME instead, so that the
# build finishes and the link counts as broken, which is Jekyll's verdict on it.
module Jekyll
  module Tags
    class PostUrl
      alias strict_render render

      def render(context)
        strict_render(context)
      rescue Jekyll::Errors::PostURLError
        "/__missing_post__/#{@orig_post}"
      end
    end
  end
end
