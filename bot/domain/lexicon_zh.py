"""Chinese (simplified) words for the core concepts, spliced into bot.domain.lexicon.

Chinese has no spaces: every alternation here is used without `\\b`, on lower-case text (so
"AI模型" is "ai模型"). The vocabulary is that of China's rules on generative AI services
(生成式人工智能服务管理暂行办法: 训练数据, 模型训练, 优化模型, 用户输入/输入内容, 个人信息),
of the Personal Information Protection Law (单独同意, 明确同意, 撤回同意, 拒绝) and of privacy
policies in general (关闭...开关, 在设置中, 第三方, 您不得 ...), never one platform's phrasing.

Traps it keeps out: 培训 (staff training: only 训练 is a training verb), 模型 in a non-AI
sense (商业模式 is another word; 3D模型, 商业模型, 财务/风控/推荐/计算机算法模型 are excluded
before a weak verb), 学习 as a person's study (学习 alone is never a training word: only 机器学习
and 深度学习 are), 不可撤销 / 不限于 (a licence's "irrevocable", a list's "not limited to": no
negation), 退出登录 (logging out is not an opt-out).
"""

from __future__ import annotations

# ---------------------------------------------------------------- artificial intelligence
AI_ZH = (
    r"人工智能|机器学习|深度学习|深度合成|神经网络|大语言模型|大模型|语言模型|生成式(?:ai|ａｉ|模型)"
    r"|aigc(?<![a-z]aigc)|ai(?<![a-z]ai)(?:模型|技术|系统|算法|大模型)"
)

# ---------------------------------------------------------------- training and improving
# strong: 训练 (to train), 微调/精调 (fine-tune); weak: optimise, improve, iterate (not 改善,
# which Japanese shares: its sentences keep their own verbs)
TRAIN_ZH = r"训练|微调|精调|优化|改进|迭代|提升"
TRAIN_STRONG_ZH = r"训练|微调|精调"
# 模型 with no AI word: a training verb on it, or it before one ("模型训练", "模型效果优化");
# weak verbs not on a recommendation, business, risk-control or 3D model
# (lookbehinds after 模型, so that other positions fail on its first character)
_NOT_AI_MODEL = (
    r"模型(?<!算法模型)(?<!推荐模型)(?<!3d模型)(?<!商业模型)(?<!财务模型)(?<!风控模型)"
    r"(?<!数据模型)(?<!计算模型)(?<!经营模型)(?<!盈利模型)"
)
TRAIN_MODELS_ZH = (
    r"(?:训练|微调|精调)[^。；，！？]{0,12}?(?<!3d)(?<!商业)(?:模型|算法)"
    r"|(?:优化|改进|改善|迭代|调优|提升|开发|研发)[^。；，！？]{0,10}?"
    + _NOT_AI_MODEL
    + r"|"
    + _NOT_AI_MODEL
    + r"(?:的)?(?:服务|能力|效果|性能|算法)?(?:的)?"
    r"(?:训练|微调|精调|优化|改进|改善|迭代|调优|提升)"
    r"|算法(?:的)?(?:训练|微调|精调)"
)
# the AI named first: "人工智能模型的训练", "大模型优化"; training data: "训练数据", "训练语料"
AI_THEN_TRAIN_ZH = (
    r"(?:人工智能|ai|ａｉ|机器学习|大模型|语言模型)(?:模型|系统|技术|算法|服务|产品)?(?:的)?"
    r"(?:训练|微调|精调|优化|改进|迭代)"
    r"|训练(?:数据|语料|样本|素材|数据集)"
)
# training with no AI word: "用于训练", "用作训练数据" (not a training plan or course)
TRAIN_NO_AI_ZH = (
    r"(?:用于|用来|用作|作为)[^。；，！？]{0,8}?训练"
    r"(?!计划|课程|营|记录|强度|目标|方案|时长|项目|场)"
)

# ---------------------------------------------------------------- content, data
DATA_ZH = (
    r"内容|数据|信息|输入|输出|对话|作品|提示词|指令|文本|图片|图像|音频|视频|聊天记录|上传|素材"
    r"|语料"
)

# ---------------------------------------------------------------- negation
# "不会/不得/不能 ..." govern the verb after them; 不可撤销 (irrevocable) and 不限于 (not
# limited to) are no refusal, nor 不断 (constantly), 不同 (different), 不良 (harmful)
NEG_ZH = (
    r"不会|不得|不能|不可(?!撤销|撤回|转让|再许可|分许可|欠|或缺)|不应|不允许|不予|不将|不把|不使用"
    r"|不利用|不用于|不作为|不进行|并不|绝不|决不|从不|从未|禁止|严禁|无权|不再"
)

# ---------------------------------------------------------------- consent and objection
_CONSENT = r"(?:的)?(?:事先|事前|明确|单独|书面|另行|主动)?(?:的)?(?:同意|授权|许可)"
CONSENT_NEG_ZH = (
    r"未经(?:您|用户|本人|您本人)" + _CONSENT + r"|未经(?:事先|明确|单独)?(?:同意|授权)"
    r"|除非(?:您|用户|获得您|取得您|征得您)"
)
CONSENT_POS_ZH = (
    r"(?:征得|取得|获得|得到|经过?)(?:您|用户|您本人)"
    + _CONSENT
    + r"|(?:在|如|若|如果|当|只有在|仅在)您(?:明确|主动|单独)?(?:同意|授权|选择(?:开启|加入|参与)"
    r"|开启)(?!本协议|本政策|本条款|本规则|并遵守)"
    r"|单独同意|明确同意"
)
OPT_OUT_ZH = (
    r"关闭|撤回(?<!无法撤回)(?<!不可撤回)(?<!不能撤回)(?<!不得撤回)|取消授权|停止(?:使用|将|收集)|选择不|不希望|拒绝(?:我们|将|使用|授权|提供)"
    r"|退出(?!登录|账号|帐号)|开关"
)
SETTINGS_ZH = r"设置中|设置页|设置项|隐私设置|(?:在|通过|进入|前往)[^，。；]{0,10}?设置"

# ---------------------------------------------------------------- who acts
WE_ZH = r"我们|本公司|我公司"
PROHIBIT_ZH = r"不得|严禁|不允许|不可以|请勿|切勿"
USERS_ZH = (
    r"(?:您|用户|使用者|任何人|任何第三方|任何单位或个人|任何组织或个人)(?:均|也|亦)?"
    r"(?:不得|不应|不能|不可以|不允许|禁止|承诺不|同意不|保证不|请勿)"
    r"|禁止(?:用户|您|任何人)"
    r"|^(?:禁止|严禁|不得|请勿|切勿)"  # a ban with no subject: a rule for users
)
OTHERS_ZH = r"第三方|其他用户|任何人|他人|爬虫|爬取|抓取|采集"
# "第三方 ... 用于训练其模型": the models trained are the other company's
THIRD_AGENT_ZH = (
    r"(?:第三方|合作方|合作伙伴|服务提供商|供应商)[^。；]{0,40}?"
    r"(?:训练|微调|优化|改进|开发)(?:其|他们|其自身|其自有)的?(?:自身|自有)?的?(?:模型|算法|产品)"
)
# the AI's training data said to come from public or licensed sources, users named nowhere: the
# product's own training (machine learning is the product), not users' content
LICENSED_ZH = (
    r"^(?![^。]*(?:您|用户|个人信息))[^。]*?(?:公开(?:可获得|可获取|渠道)?的?数据|授权的?数据"
    r"|开源数据|合法来源的?数据)"
)

# ---------------------------------------------------------------- the rest
TDM_ZH = r"文本(?:和|与|及)数据挖掘|文本数据挖掘"
# users train their own models on the service (machine learning is the product)
USER_TRAINS_ZH = (
    r"(?:您|用户|开发者)(?:可以|可|能够|可通过)[^。，；]{0,12}?"
    r"(?:训练|微调|精调|(?:开发|构建|创建)[^。，；]{0,8}?模型)"
    r"|(?:自己|自有|自定义)(?<!我们自己)(?<!我们自有)(?<!我司自有)的?模型"
)
# "AI is the tool": the training verb and the AI word are in different clauses, or AI is used
INSTRUMENT_ZH = r"利用|使用|通过|借助|运用|采用|基于|依托|[，；]"
# "“模型训练”是指 ...": a definition states no policy
DEFINITION_ZH = r"^[“\"「]?[^，。；“”]{1,30}[”\"」]?(?:是指|系指)"
MODEL_ZH = r"模型"

PREFILTER_ZH = ("人工智能", "机器学习", "深度学习", "神经网络", "模型", "训练", "aigc")
